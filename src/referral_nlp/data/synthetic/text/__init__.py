"""The note writer: a small template language, the fragment banks and the composer."""
