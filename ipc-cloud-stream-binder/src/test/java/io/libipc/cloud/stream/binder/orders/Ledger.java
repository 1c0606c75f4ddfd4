package io.libipc.cloud.stream.binder.orders;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the application's consumer puts the invoices it gets: kept in order, and each printed as
 * a line {@code INVOICE <orderId> <totalCents>} for a parent process to read.
 */
public final class Ledger {

    private final List<Invoice> invoices = new CopyOnWriteArrayList<>();

    /**
     * Records an invoice.
     *
     * @param invoice the invoice
     */
    public void record(Invoice invoice) {
        invoices.add(invoice);
        synchronized (System.out) {
            System.out.println("INVOICE " + invoice.orderId() + " " + invoice.totalCents());
            System.out.flush();
        }
    }

    /** @return the invoices so far, in the order they came */
    public List<Invoice> invoices() {
        return invoices;
    }
}
