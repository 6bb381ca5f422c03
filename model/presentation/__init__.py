"""The presentation layer (see the README's Layout)."""
