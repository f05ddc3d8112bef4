"""Loading a register: its files read with their positions, validated, resolved; and its past versions read from git."""
