"""Decision support: what a calibrated score means for a reviewer (bands, flags, one path)."""
