#!/bin/sh
echo "$1 and ${HOME}"
