"""Developer tools that are not part of the dashboard runtime (screenshots)."""
