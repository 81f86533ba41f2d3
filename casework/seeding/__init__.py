"""Demo data, in pieces: staff and their accounts, people and their case notes, contacts,
warnings and restrictions, disputes. The seed_demo command runs them in that order."""
