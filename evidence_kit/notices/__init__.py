"""Before court: letters, SMS and e-mail texts, the visit pack, the compliance lint and send-time rules."""
