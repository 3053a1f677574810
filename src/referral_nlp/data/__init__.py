"""Case records: the schema, loaders for a council export, splits and the synthetic corpus."""
