"""The SQLite store: schema, migrations, queries and writes. The only place with SQL; no Textual."""
