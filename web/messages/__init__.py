"""Texts the web process answers with directly (acks, approval refusals)."""
