"""Web adapter: server-rendered pages and the versioned JSON API over the services."""
