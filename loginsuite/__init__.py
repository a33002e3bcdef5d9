"""Verification suite for the Business d Account login manual (第2.5版)."""
