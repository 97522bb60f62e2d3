package dev.plumb;

public final class Main {
  public static void main(String[] args) {
    System.out.println("plumb");
  }
}
