//! The query of a log table (the event log, the audit log): the conditions a filter gives,
//! newest first, a page at a time.

use jiff::Timestamp;
use rusqlite::types::Value as SqlValue;

/// A `SELECT` of a log table with the conditions added so far and their arguments.
pub(super) struct LogQuery {
    sql: String,
    args: Vec<SqlValue>,
}

impl LogQuery {
    /// `select` (columns and table, without `WHERE`) with no condition yet.
    pub(super) fn new(select: &str) -> LogQuery {
        LogQuery {
            sql: format!("{select} WHERE 1 = 1"),
            args: Vec::new(),
        }
    }

    /// Adds `clause` (with one `?`) when there is an argument for it.
    pub(super) fn and(mut self, clause: &str, arg: Option<SqlValue>) -> LogQuery {
        if let Some(arg) = arg {
            self.sql.push_str(" AND ");
            self.sql.push_str(clause);
            self.args.push(arg);
        }
        self
    }

    /// Entries at `since` or later and before `until`, and before the entry `before_id` (the
    /// last of the previous page), as far as each is given.
    pub(super) fn page(
        self,
        since: Option<Timestamp>,
        until: Option<Timestamp>,
        before_id: Option<i64>,
    ) -> LogQuery {
        let millis = |t: Timestamp| SqlValue::Integer(t.as_millisecond());
        self.and("at >= ?", since.map(millis))
            .and("at < ?", until.map(millis))
            .and("id < ?", before_id.map(SqlValue::Integer))
    }

    /// Adds `column IN (…)` for `values`, when there are any.
    pub(super) fn and_in(mut self, column: &str, values: Vec<SqlValue>) -> LogQuery {
        if !values.is_empty() {
            let marks = vec!["?"; values.len()].join(", ");
            self.sql.push_str(&format!(" AND {column} IN ({marks})"));
            self.args.extend(values);
        }
        self
    }

    /// The statement, newest first and at most `limit` entries, with its arguments.
    pub(super) fn newest_first(mut self, limit: u32) -> (String, Vec<SqlValue>) {
        self.sql.push_str(" ORDER BY id DESC LIMIT ?");
        self.args.push(SqlValue::Integer(i64::from(limit)));
        (self.sql, self.args)
    }
}
