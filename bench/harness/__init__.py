"""The whole-server benchmark: Estafeta and Postfix driven alternately on loopback (see bench/README.md)."""
