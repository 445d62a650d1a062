# es: author
