"""The public site: a Pelican plugin that renders the validated dataset into pages."""
