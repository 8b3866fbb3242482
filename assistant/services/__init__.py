"""Use cases. Each takes the acting member and checks their roles itself."""
