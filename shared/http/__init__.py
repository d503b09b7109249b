"""What every service's HTTP interface shares: auth dependency, JSON errors, health routes."""
