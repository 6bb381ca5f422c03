"""The inputs layer (see the README's Layout)."""
