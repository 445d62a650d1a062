# es: picker
