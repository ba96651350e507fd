"""Overview: pupils by province, level, sex and milieu, and the absence rate by month."""
