"""A tiny inventory service: the code the shipped example's reports were made from."""
