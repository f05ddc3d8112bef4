"""Work done before, found again by what it was made from."""
