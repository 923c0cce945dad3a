"""/profile: display name, interface language, e-mail address, export everything, account deletion."""
