"""Intake: caseworkers enrol the people and organisations the agency serves."""
