"""Published data for journalists and other systems: tables, CSV, SQLite, Data Package."""
