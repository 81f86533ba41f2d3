"""Warnings, restrictions, their terms and reviews, and the gate at every contact."""
