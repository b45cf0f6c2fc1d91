"""Message primitives both processes use: Block Kit helpers, value formatting, summaries."""
