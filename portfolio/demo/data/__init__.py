"""Pure data tables of the demo landscape (no logic beyond weighted choice)."""
