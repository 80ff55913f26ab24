"""gonghui (工会): trade-union ledgers, workflows and work summaries."""
