"""The compliance checks: the rules and the runner that applies selection, waivers and severities."""
