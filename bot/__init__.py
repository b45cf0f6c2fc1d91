"""What the web and the worker processes share: settings, the command catalogue
and parser, permissions, ref records, the job queue, stored tokens, and the
small message primitives both build on. Nothing here talks to Toggl."""
