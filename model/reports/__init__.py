"""The reports layer (see the README's Layout)."""
