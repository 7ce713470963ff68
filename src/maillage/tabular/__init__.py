"""Reading the tables people bring: spreadsheets exported as CSV."""
