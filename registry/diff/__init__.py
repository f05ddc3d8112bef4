"""What changed in a register between two versions."""
