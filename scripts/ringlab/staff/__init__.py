"""ringlab.staff — the instructor's tools: the student trees (handout.py and
its helpers, lab_branches.py), the lab kit (kit.py, student.py), the demo
ISO, the benchmarks, the generated guide. `make handout` leaves this folder
out of a student tree; nothing outside it imports it.
"""
