"""Tayssir: payable, withheld and capped pupil-months, transfers per household and period, issuing, complaints."""
