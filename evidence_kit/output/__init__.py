"""The work folder, atomic publish, manifest.json and verify."""
