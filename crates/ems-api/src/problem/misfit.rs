//! Reading a JSON body into the type a route takes, so that a body of the wrong shape is refused
//! naming the member that does not fit, by its path, and the rule it breaks: an unknown member
//! (`unknown_key`), a missing one (`required`), a value of the wrong type (`type`), a name
//! outside an enumeration (`not_allowed`).
//!
//! serde's JSON errors say which only in words. So the body is read as a JSON value first, then
//! deserialized from that value through [`Shaped`], whose error type ([`Misfit`]) keeps which of
//! serde's error constructors was called and the path the error came up through.

use super::{FieldError, FieldParams, FieldRule, Problem};
use crate::routes::config_json::path_key;
use ems_model::site::ValueKind;
use ems_model::suggest::closest;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess,
    Unexpected, Visitor,
};
use serde_json::Value;
use std::fmt;

/// `value` read as a `T`, or `bad_request` naming the first member of it that does not fit.
pub(crate) fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Problem> {
    T::deserialize(Shaped(value)).map_err(|misfit| Problem::misfit(misfit.into_field_error()))
}

/// Why a value does not fit its type, and where.
#[derive(Debug)]
pub(crate) struct Misfit {
    /// The steps from the body down to the value, innermost first.
    path: Vec<Step>,
    kind: MisfitKind,
}

/// One step of a path: a member of an object, or an item of an array.
#[derive(Debug)]
enum Step {
    Key(String),
    Index(usize),
}

#[derive(Debug)]
enum MisfitKind {
    /// A member the type does not have (the last step of the path), and those it has.
    UnknownField(&'static [&'static str]),
    /// A member the type requires, missing from the object at the path.
    MissingField(&'static str),
    /// A value of the wrong type.
    InvalidType { found: ValueKindName, words: String },
    /// A name that is not one of an enumeration's.
    UnknownVariant {
        given: String,
        allowed: &'static [&'static str],
    },
    /// A member given twice.
    DuplicateField(&'static str),
    /// Anything else, in serde's words.
    Other(String),
}

/// The type of a JSON value, as [`FieldRule::Type`] names it.
type ValueKindName = &'static str;

impl Misfit {
    fn new(kind: MisfitKind) -> Misfit {
        Misfit {
            path: Vec::new(),
            kind,
        }
    }

    /// The same misfit, met within `step`.
    fn within(mut self, step: Step) -> Misfit {
        self.path.push(step);
        self
    }

    fn into_field_error(self) -> FieldError {
        let mut steps = self.path;
        steps.reverse();
        if let MisfitKind::MissingField(field) = self.kind {
            steps.push(Step::Key(field.to_owned()));
        }
        let mut path = String::new();
        for step in &steps {
            match step {
                Step::Key(key) if path.is_empty() => path.push_str(&path_key(key)),
                Step::Key(key) => {
                    path.push('.');
                    path.push_str(&path_key(key));
                }
                Step::Index(index) => path.push_str(&format!("[{index}]")),
            }
        }
        let message = self.kind.to_string();
        let none = FieldParams::default();
        match self.kind {
            MisfitKind::UnknownField(expected) => {
                let given = match steps.last() {
                    Some(Step::Key(key)) => key.as_str(),
                    _ => "",
                };
                FieldError::new(path, FieldRule::UnknownKey, none, message)
                    .suggesting(closest(given, expected.iter().copied()))
            }
            MisfitKind::MissingField(_) => {
                FieldError::new(path, FieldRule::Required, none, message)
            }
            MisfitKind::InvalidType { found, .. } => FieldError::new(
                path,
                FieldRule::Type,
                FieldParams::types(None, found),
                message,
            ),
            MisfitKind::UnknownVariant { given, allowed } => FieldError::new(
                path,
                FieldRule::NotAllowed,
                FieldParams::allowed(allowed.iter().copied()),
                message,
            )
            .suggesting(closest(&given, allowed.iter().copied())),
            MisfitKind::DuplicateField(field) => FieldError::new(
                path,
                FieldRule::Duplicate,
                FieldParams::value(field),
                message,
            ),
            MisfitKind::Other(reason) => FieldError::new(
                path,
                FieldRule::Invalid,
                FieldParams::reason(reason),
                message,
            ),
        }
    }
}

impl fmt::Display for MisfitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MisfitKind::UnknownField(_) => f.write_str("unknown key"),
            MisfitKind::MissingField(_) => f.write_str("required key is missing"),
            MisfitKind::InvalidType { words, .. } | MisfitKind::Other(words) => f.write_str(words),
            MisfitKind::UnknownVariant { given, allowed } => {
                let list: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
                write!(
                    f,
                    "{given:?} is not allowed; expected one of {}",
                    list.join(", ")
                )
            }
            MisfitKind::DuplicateField(field) => write!(f, "{field:?} is given twice"),
        }
    }
}

impl fmt::Display for Misfit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for Misfit {}

impl de::Error for Misfit {
    fn custom<T: fmt::Display>(message: T) -> Misfit {
        Misfit::new(MisfitKind::Other(message.to_string()))
    }

    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn de::Expected) -> Misfit {
        let words = format!("invalid type: {unexpected}, expected {expected}");
        match found(&unexpected) {
            Some(found) => Misfit::new(MisfitKind::InvalidType { found, words }),
            None => Misfit::new(MisfitKind::Other(words)),
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Misfit {
        Misfit::new(MisfitKind::UnknownVariant {
            given: variant.to_owned(),
            allowed: expected,
        })
    }

    fn unknown_field(_field: &str, expected: &'static [&'static str]) -> Misfit {
        Misfit::new(MisfitKind::UnknownField(expected))
    }

    fn missing_field(field: &'static str) -> Misfit {
        Misfit::new(MisfitKind::MissingField(field))
    }

    fn duplicate_field(field: &'static str) -> Misfit {
        Misfit::new(MisfitKind::DuplicateField(field))
    }
}

/// The type of what a JSON value turned out to be; `None` for what JSON has no value of.
fn found(unexpected: &Unexpected<'_>) -> Option<ValueKindName> {
    Some(match unexpected {
        Unexpected::Bool(_) => ValueKind::Boolean.name(),
        Unexpected::Unsigned(_) | Unexpected::Signed(_) => ValueKind::Integer.name(),
        Unexpected::Float(_) => ValueKind::Float.name(),
        Unexpected::Char(_) | Unexpected::Str(_) => ValueKind::String.name(),
        Unexpected::Unit | Unexpected::Option => "null",
        Unexpected::Seq => ValueKind::Array.name(),
        Unexpected::Map => ValueKind::Table.name(),
        _ => return None,
    })
}

/// What a JSON value is, for serde's "invalid type" errors.
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (None, Some(i), _) => Unexpected::Signed(i),
            (None, None, f) => Unexpected::Float(f.unwrap_or_default()),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// A JSON value to deserialize, whose errors are [`Misfit`]s.
struct Shaped(Value);

impl<'de> Deserializer<'de> for Shaped {
    type Error = Misfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => visitor.visit_u64(u),
                (None, Some(i), _) => visitor.visit_i64(i),
                (None, None, Some(f)) => visitor.visit_f64(f),
                (None, None, None) => Err(de::Error::custom(format!("{n} is out of range"))),
            },
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => visitor.visit_seq(Items(items.into_iter().enumerate())),
            Value::Object(members) => visitor.visit_map(Members {
                members: members.into_iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            value => visitor.visit_some(Shaped(value)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Misfit> {
        match self.0 {
            Value::String(name) => visitor.visit_enum(name.into_deserializer()),
            other => Err(de::Error::invalid_type(unexpected(&other), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Misfit> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Misfit> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The items of an array, each met within its index.
struct Items(std::iter::Enumerate<std::vec::IntoIter<Value>>);

impl<'de> SeqAccess<'de> for Items {
    type Error = Misfit;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Misfit> {
        let Some((index, item)) = self.0.next() else {
            return Ok(None);
        };
        seed.deserialize(Shaped(item))
            .map(Some)
            .map_err(|e| e.within(Step::Index(index)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The members of an object, each key and value met within the key.
struct Members {
    members: serde_json::map::IntoIter,
    /// The member whose key was read and whose value is next.
    value: Option<(String, Value)>,
}

impl<'de> MapAccess<'de> for Members {
    type Error = Misfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Misfit> {
        let Some((key, value)) = self.members.next() else {
            return Ok(None);
        };
        let read = seed
            .deserialize(key.as_str().into_deserializer())
            .map_err(|e: Misfit| e.within(Step::Key(key.clone())))?;
        self.value = Some((key, value));
        Ok(Some(read))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Misfit> {
        let (key, value) = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a member's value was asked before its key"))?;
        seed.deserialize(Shaped(value))
            .map_err(|e| e.within(Step::Key(key)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}
