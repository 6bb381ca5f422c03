"""The core layer (see the README's Layout)."""
