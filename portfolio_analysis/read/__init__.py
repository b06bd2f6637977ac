"""Reading: the files of a raw folder, what format each holds, and its rows as text (text files, delimited
tables, workbooks), with the header row found and every cell exactly as written."""
