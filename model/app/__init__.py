"""The app layer (see the README's Layout)."""
