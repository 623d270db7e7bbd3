"""Demo spend: placeholder replaced below."""
