"""Validation rules that go beyond the JSON schemas: each takes records and returns problems."""
