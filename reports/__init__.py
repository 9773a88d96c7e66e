"""The staff reports: the school's numbers per period, per track and per organisation grade."""
