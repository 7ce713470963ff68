"""Server-rendered pages, one module per level of the URL hierarchy."""
