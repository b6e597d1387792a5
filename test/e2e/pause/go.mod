module murphy.dev/pause

go 1.25.0
