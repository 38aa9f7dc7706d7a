"""The dashboard's pages (one file each), what they share (common/) and the screens they compose (screens/)."""
