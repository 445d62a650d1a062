# es: title
title-language-system = como el sistema
