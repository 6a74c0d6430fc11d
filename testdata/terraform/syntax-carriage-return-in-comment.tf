# a carriage return inside a comment is fine
a = 1 /* and  here */
