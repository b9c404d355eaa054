"""The `pactwatch` subcommands, one module per area; each exposes `register(main)`."""
