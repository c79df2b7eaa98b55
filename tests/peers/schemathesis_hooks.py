"""Schemathesis hooks for the ems API (loaded through SCHEMATHESIS_HOOKS by the `schema` test of
the ems-api crate): the one media type of the API that Schemathesis does not know, the site file
`application/toml`, is text, sent and read as such (its schema is a string)."""

import schemathesis

schemathesis.serializer.alias("application/toml", "text/plain")


@schemathesis.deserializer("application/toml")
def site_file(ctx, response):
    return response.content.decode("utf-8")
