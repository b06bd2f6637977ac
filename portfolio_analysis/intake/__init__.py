"""Intake: what each file of a period is (files), the clean rows assembled into the panel (assemble), which
project is which across periods (matching), the projects carried forward for organisations that sent nothing
(submissions, submission_facts) and the checklist of who sent what (checklist)."""
